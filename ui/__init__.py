"""The Gradio web app officers use every day (issue 6). Start it with ``python -m ui``."""
