"""Parts of the intake form (ui/intake_form.py): procedure picker, CCCD QR bar, person box, components table."""
