"""The shipped plan documents, one TOML file per seed plan (see ``thidua.campaigns.plan``)."""
