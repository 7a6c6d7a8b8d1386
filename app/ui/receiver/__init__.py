"""The receiving office's screens: shared widgets and dialogs (the pages are app/ui/pages/receiver_*.py)."""
