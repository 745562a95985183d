"""The app in a browser: a sign-in page in front of textual-serve, one app process a session."""
