"""auditor: does an AI-services agreement's data commitments explicitly cover batch processing?"""

__version__ = "0.1.0"
