"""Role-based masking: which role sees how much of each kind of personal data, and the one
presenter that applies it wherever data leaves the system."""
