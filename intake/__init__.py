"""The intake web app: forms for employees and managers, pages for HR."""
