"""The Qt widgets. Everything that does not need Qt lives in glossapp.core."""
