"""The widgets: each draws model objects it is given, never calls the network or the keyring."""
