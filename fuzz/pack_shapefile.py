#!/usr/bin/env python3
"""Packs a shapefile (.shp, .shx, .dbf, optional .prj) into one fuzz input:
three little-endian u32 lengths, the three files, then the .prj."""
import struct, sys, pathlib
base = pathlib.Path(sys.argv[1]).with_suffix("")
parts = [base.with_suffix(e).read_bytes() for e in (".shp", ".shx", ".dbf")]
prj = base.with_suffix(".prj")
out = struct.pack("<III", *map(len, parts)) + b"".join(parts) + (prj.read_bytes() if prj.exists() else b"")
pathlib.Path(sys.argv[2]).write_bytes(out)
