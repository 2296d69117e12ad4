"""Platform adapters: convert in, call the core, render out."""
