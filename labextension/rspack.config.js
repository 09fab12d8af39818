// Name modules by their path inside this folder rather than by a hash that also covers where the
// repository is checked out: the bundle's file names then do not depend on that place
// (tests/test_labextension.py rebuilds the bundle elsewhere and compares it with the committed one).
module.exports = { optimization: { moduleIds: 'named' } };
