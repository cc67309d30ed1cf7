# Sealdesk image: one image for web (gunicorn), worker and beat; see docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SEALDESK_VAR_DIR=/data/var \
    ATTACHMENT_ROOT=/data/attachments

WORKDIR /app

# Dependencies first, so code changes reuse this layer. pyproject.toml pins every version.
COPY pyproject.toml ./
RUN pip install .

COPY . .

# Static files are collected at build time; the throwaway key exists only for this step.
RUN DEBUG=0 SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && useradd --system --home-dir /data --shell /usr/sbin/nologin sealdesk \
    && mkdir -p /data/var /data/attachments \
    && chown -R sealdesk /data

USER sealdesk
VOLUME ["/data"]
EXPOSE 8000

# No access log: request lines can carry search queries, which are personal data.
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
