"""Manifest stage: the YAML an editor writes, with line marks, validated → Issue."""

from bulletin_press.manifest.issue import (FONTS_CSS, FROZEN_DIR, ISSUE_DIR, ISSUE_FILE,
                                           PUBLISHED_DIR,
                                           find_root, frozen_settings, issue_folder,
                                           load_issue)

__all__ = ["FONTS_CSS", "FROZEN_DIR", "ISSUE_DIR", "ISSUE_FILE", "PUBLISHED_DIR", "find_root",
           "frozen_settings", "issue_folder", "load_issue"]
