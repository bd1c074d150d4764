"""thidua: emulation-and-commendation campaigns for administrative reform."""
