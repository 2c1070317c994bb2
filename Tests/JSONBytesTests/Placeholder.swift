// Placeholder so the target builds before its first test lands; delete once a real test file exists.
