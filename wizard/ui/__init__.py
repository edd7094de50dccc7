"""The Qt layer: the wizard window, its pages and shared widgets. Only this package imports Qt."""
