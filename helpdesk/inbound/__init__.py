"""Mail that arrives: parsing, safety checks, threading, hints for agents, storage and IMAP polling."""
