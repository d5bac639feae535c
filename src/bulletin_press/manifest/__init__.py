"""Manifest stage: the YAML an editor writes, with line marks, validated → Issue."""

from bulletin_press.manifest.issue import ISSUE_DIR, ISSUE_FILE, find_root, load_issue

__all__ = ["ISSUE_DIR", "ISSUE_FILE", "find_root", "load_issue"]
