"""Văn bản: the .docx/.pdf builders of the product's administrative documents."""
