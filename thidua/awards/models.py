"""Dossiers (hồ sơ đề nghị khen thưởng) and what follows them: see the modules beside."""
