"""Running the portal: the whole-portal backup archive (`manage.py backup`/`restore`) and health."""
