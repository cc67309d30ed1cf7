"""Mail that leaves: delivery records, composition from template triplets, sending with retries."""
