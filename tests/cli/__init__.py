"""Tests of the `privacy-kg` command line, run as a real process."""
