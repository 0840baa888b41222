"""The plan importer and the data bundled with AgencyBot."""
