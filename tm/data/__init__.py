"""Data files shipped with tm (schemas used at run time). See README.md for their origins."""
