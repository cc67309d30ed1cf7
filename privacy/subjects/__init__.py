"""Data-subject requests: export a person's data, or erase it and destroy their data key."""
