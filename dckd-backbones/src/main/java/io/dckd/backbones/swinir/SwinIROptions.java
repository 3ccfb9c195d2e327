package io.dckd.backbones.swinir;

import java.util.List;

/**
 * SwinIR's constructor arguments with BasicSR's names ({@code basicsr/archs/swinir_arch.py}).
 *
 * @param upscale 1 (restoration), 2, 3, 4, 8
 * @param inChans input and output channels
 * @param imgH img_size (training patch height; sets the stored attention masks and the window rule)
 * @param imgW img_size width
 * @param windowSize window side ws
 * @param imgRange 1 or 255
 * @param depths Swin blocks per RSTB
 * @param embedDim C
 * @param numHeads heads per RSTB
 * @param mlpRatio MLP hidden width / C
 * @param qkvBias bias in the qkv projection
 * @param qkScale override of head_dim^-½, or null
 * @param dropRate dropout after attention projection and in the MLP, and after the embedding
 * @param attnDropRate dropout on attention weights
 * @param dropPathRate stochastic depth, linear from 0 to this over all blocks
 * @param ape absolute position embedding (needs input size = img_size)
 * @param patchNorm LayerNorm after the patch embedding
 * @param upsampler {@code pixelshuffle}, {@code pixelshuffledirect}, {@code nearest+conv} or {@code ""} (none)
 * @param resiConnection {@code 1conv} or {@code 3conv}
 */
public record SwinIROptions(int upscale, int inChans, int imgH, int imgW, int windowSize, float imgRange,
                            List<Integer> depths, int embedDim, List<Integer> numHeads, float mlpRatio,
                            boolean qkvBias, Float qkScale, float dropRate, float attnDropRate, float dropPathRate,
                            boolean ape, boolean patchNorm, String upsampler, String resiConnection) {

    /** The window size the blocks use: BasicSR shrinks it to min(img_size) when the image is not larger. */
    public int effectiveWindowSize() {
        return Math.min(imgH, imgW) <= windowSize ? Math.min(imgH, imgW) : windowSize;
    }

    /** The shift of odd blocks: ws/2, or 0 when the window covers the whole image. */
    public int effectiveShift() {
        return Math.min(imgH, imgW) <= windowSize ? 0 : windowSize / 2;
    }

    /** Stochastic-depth rate of each block, {@code torch.linspace(0, drop_path_rate, sum(depths))}. */
    public float[] dropPathRates() {
        int n = depths.stream().mapToInt(Integer::intValue).sum();
        float[] dpr = new float[n];
        for (int i = 0; i < n; i++) {
            dpr[i] = n == 1 ? 0f : (float) (dropPathRate * i / (double) (n - 1));
        }
        return dpr;
    }
}
