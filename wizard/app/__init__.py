"""The application layer: the use cases of a consultant's day, in plain Python (no Qt). A Session owns the
customer records, the open record with its journey and page, and the long jobs; the window and the command line
are two faces of it."""
