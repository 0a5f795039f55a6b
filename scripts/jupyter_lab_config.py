# JupyterLab as `make lab` (and the browser test) run it: gonlm is the default
# kernel, so File > New > Notebook makes a Go notebook. (ipykernel is in the
# venv for the kernel benchmark; it stays available in the launcher.)
c = get_config()  # noqa: F821 (defined by Jupyter when it loads this file)
c.MultiKernelManager.default_kernel_name = "gonlm"
