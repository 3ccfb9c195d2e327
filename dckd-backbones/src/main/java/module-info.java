/**
 * dckd backbones: DJL ports of the official restoration networks (RCAN, EDSR, SwinIR, NAFNet,
 * Restormer) and the VQGAN encoder, named by their PyTorch state-dict keys; checkpoint readers.
 */
module io.dckd.backbones {
    requires transitive io.dckd.core;
    requires org.slf4j;
    // safetensors headers, read within bounds
    requires com.fasterxml.jackson.databind;

    exports io.dckd.backbones.kit;
    exports io.dckd.backbones.rcan;
    exports io.dckd.backbones.edsr;
    exports io.dckd.backbones.swinir;
    exports io.dckd.backbones.norm;
    exports io.dckd.backbones.vqgan;
    exports io.dckd.backbones.nafnet;
    exports io.dckd.backbones.restormer;
    exports io.dckd.backbones.checkpoint;

    provides io.dckd.core.spi.BackboneFactory with
            io.dckd.backbones.rcan.RCANFactory,
            io.dckd.backbones.edsr.EDSRFactory,
            io.dckd.backbones.swinir.SwinIRFactory,
            io.dckd.backbones.vqgan.VqganFactory,
            io.dckd.backbones.nafnet.NAFNetFactory,
            io.dckd.backbones.restormer.RestormerFactory;
}
