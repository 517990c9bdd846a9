"""Grading a whole class: collecting submissions, planning jobs, pools of graders, the journal."""
