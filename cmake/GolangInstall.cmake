# Installation and export: filled in with the package config.
