"""`agencybot export`: a plan with its statuses as a sheet (.xlsx, .csv) for reports, and each
agency's deadlines and reminder dates as an iCalendar file (.ics)."""
