"""Batch runs (`run`: settings, resume, errors file, progress) and the engines that extract (`workers`)."""
