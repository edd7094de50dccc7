"""Finstack's GetConnectors: the definitions, the hand-made guide, the `.gcn` reader, and the bundle (model,
matching, export, check). Import the module you need; this package imports nothing itself."""
