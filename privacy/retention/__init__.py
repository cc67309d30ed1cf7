"""Retention: policies per data type, legal holds, and the batched runs that apply them."""
