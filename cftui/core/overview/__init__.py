"""One check of a credential: its concurrent steps and what they come to."""
