/** dckd backbones: DJL blocks with PyTorch state-dict names (VQGAN encoder, NAFNet, Restormer, ...). */
module io.dckd.backbones {
    requires transitive io.dckd.core;

    exports io.dckd.backbones.layers;
    exports io.dckd.backbones.norm;
    exports io.dckd.backbones.vqgan;
    exports io.dckd.backbones.nafnet;
    exports io.dckd.backbones.restormer;

    provides io.dckd.core.spi.BackboneFactory with
            io.dckd.backbones.vqgan.VqganFactory,
            io.dckd.backbones.nafnet.NAFNetFactory,
            io.dckd.backbones.restormer.RestormerFactory;
}
