"""What the print shop needs: the print file, the reader file, counts and checks."""
