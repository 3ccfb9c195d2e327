package io.dckd.core.nn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The TorchScript module behind {@link AtenOps}, written as {@code torch.jit.save} would: its source
 * (the fused ops as methods), a 40-byte pickle of its one attribute, no tensors. dckd writes it itself,
 * so no Python and no binary blob ship with it.
 */
final class DckdOpsArchive {

    private DckdOpsArchive() {}

    /** TorchScript's serialized form of the module (what {@code torch.jit.save} writes to code/). */
    private static final String SOURCE = String.join("\n",
            "class DckdOps(Module):",
            "  __parameters__ = []",
            "  __buffers__ = []",
            "  training : bool",
            "  def silu(self: __torch__.DckdOps, x: Tensor) -> Tensor:",
            "    return torch.silu(x)",
            "  def group_norm(self: __torch__.DckdOps, x: Tensor, groups: int, w: Tensor, b: Tensor, eps: float, silu: bool) -> Tensor:",
            "    y = torch.group_norm(x, groups, w, b, eps)",
            "    if silu:",
            // out of place: an in-place silu_ here trained the DCKD student through a wrong encoder
            // gradient (it stopped learning; the element-wise path did not)
            "      y = torch.silu(y)",
            "    return y",
            "  def adam(self: __torch__.DckdOps, params: List[Tensor], grads: List[Tensor], m: List[Tensor], v: List[Tensor],"
                    + " beta1: float, beta2: float, step_size: float, sqrt_bc2: float, eps: float, weight_decay: float,"
                    + " decoupled_factor: float) -> int:",
            "    if decoupled_factor != 1.0:",
            "      torch._foreach_mul_(params, decoupled_factor)",
            "    g = grads",
            "    if weight_decay != 0.0:",
            "      g = torch._foreach_add(grads, params, alpha=weight_decay)",
            "    torch._foreach_mul_(m, beta1)",
            "    torch._foreach_add_(m, g, alpha=1.0 - beta1)",
            "    torch._foreach_mul_(v, beta2)",
            "    torch._foreach_addcmul_(v, g, g, 1.0 - beta2)",
            "    denom = torch._foreach_sqrt(v)",
            "    torch._foreach_div_(denom, sqrt_bc2)",
            "    torch._foreach_add_(denom, eps)",
            "    torch._foreach_addcdiv_(params, m, denom, -step_size)",
            "    return len(params)",
            "  def ema(self: __torch__.DckdOps, target: List[Tensor], source: List[Tensor], decay: float) -> int:",
            "    torch._foreach_mul_(target, decay)",
            "    torch._foreach_add_(target, source, alpha=1.0 - decay)",
            "    return len(target)",
            "  def zero(self: __torch__.DckdOps, tensors: List[Tensor]) -> int:",
            "    torch._foreach_zero_(tensors)",
            "    return len(tensors)",
            "  def first_non_finite(self: __torch__.DckdOps, tensors: List[Tensor]) -> int:",
            "    if bool(torch.isfinite(torch.sum(torch.stack(torch._foreach_norm(tensors))))):",
            "      return -1",
            "    for i in range(len(tensors)):",
            "      if not bool(torch.all(torch.isfinite(tensors[i]))):",
            "        return i",
            "    return -1",
            "  def max_abs(self: __torch__.DckdOps, tensors: List[Tensor]) -> Tensor:",
            "    return torch.max(torch.stack(torch._foreach_norm(tensors, float(\"inf\"))))",
            "  def to_bf16(self: __torch__.DckdOps, x: Tensor) -> Tensor:",
            "    return torch.to(x, 15)",
            "  def to_fp16(self: __torch__.DckdOps, x: Tensor) -> Tensor:",
            "    return torch.to(x, 5)",
            "  def to_fp32(self: __torch__.DckdOps, x: Tensor) -> Tensor:",
            "    return torch.to(x, 6)",
            "  def type_as(self: __torch__.DckdOps, x: Tensor, like: Tensor) -> Tensor:",
            "    return torch.type_as(x, like)",
            "  def forward(self: __torch__.DckdOps, x: Tensor) -> Tensor:",
            "    return x",
            "");

    /** Pickle (protocol 2) of the module object: {@code __torch__.DckdOps} with {@code training = True}. */
    private static final byte[] DATA_PKL = concat(bytes("\u0080\u0002c__torch__\nDckdOps\nq\u0000)\u0081}(X"),
            new byte[] {8, 0, 0, 0}, bytes("trainingq\u0001\u0088ubq\u0002."));

    /** The module as {@code torch.jit.save} lays it out: version, data.pkl, constants.pkl, code/. */
    static byte[] zip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            put(zip, "dckdops/version", bytes("3\n"));
            put(zip, "dckdops/data.pkl", DATA_PKL);
            put(zip, "dckdops/constants.pkl", bytes("\u0080\u0002)."));
            put(zip, "dckdops/code/__torch__.py", SOURCE.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }

    /** Latin-1 bytes: each char below 256 is one byte, as the pickle opcodes need. */
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
