"""Trợ lý soạn báo cáo xã: an offline assistant for commune report writing."""

__version__ = "0.1.0"
