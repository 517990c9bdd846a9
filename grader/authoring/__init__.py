"""Writing exercises: course folders, the author's validation, and the scaffold of a new one."""
