#!/usr/bin/env python
"""Kept for tools that expect it; people use the `thidua` command."""

from thidua.__main__ import main

if __name__ == "__main__":
    main()
