# Models arrive with their issues (see `issues`).
