"""Game representations: normal form, extensive form, bargaining problems, repeated games."""
