"""What the portal sends out: tagged PDF/UA, iCalendar files and e-mail."""
