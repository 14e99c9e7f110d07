"""policyengine: the National Standards for the Management of Offenders as executable, explainable rules."""
__version__ = "0.1.0"
