project = "apidiff-torch"
extensions = ["sphinx_apidiff"]
exclude_patterns = ["_build"]
nitpicky = True
apidiff_labels = {"torch": "PyTorch", "megengine": "MegEngine"}
apidiff_signatures = {
    "megengine.module.ConvTranspose2d": (
        "(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, "
        "dilation=1, groups=1, bias=True, conv_mode='cross_correlation', "
        "compute_mode='default', **kwargs)"
    ),
}
# These pages test the "full" layout (note subsections, links between rows and notes); the
# default, "compact", is tested with overrides and by the test-doctrees root.
apidiff_layout = "full"
