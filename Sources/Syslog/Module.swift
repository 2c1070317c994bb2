// Module Syslog: see DESIGN.md §2–§3. (Placeholder until its first type lands.)
