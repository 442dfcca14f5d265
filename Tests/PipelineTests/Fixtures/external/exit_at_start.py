#!/usr/bin/env python3
"""Test plugin for the `external` stage that exits at start-up, before reading anything."""

import sys

print("missing model file, giving up", file=sys.stderr)
sys.exit(3)
