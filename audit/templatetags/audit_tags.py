from django import template

register = template.Library()


@register.simple_tag
def actor_label(actors: dict, actor_id) -> str:
    """A user's display name from a preloaded dict, or the bare id of a removed account."""
    return str(actors.get(actor_id) or actor_id)


@register.simple_tag
def rule_title(titles: dict, key: str) -> str:
    return str(titles.get(key, key))
