/**
 * The flywall runtime: applying compiled bundles to the kernel (nftables, iproute2) and the
 * health-check daemon. It reads compiled bundles only, never HCL.
 */
package dev.flywall.runtime;
