/** dckd backbones: DJL ports of the official restoration networks, named by their state-dict keys. */
module io.dckd.backbones {
    requires io.dckd.core;

    exports io.dckd.backbones.common;
    exports io.dckd.backbones.rcan;
    exports io.dckd.backbones.edsr;
    exports io.dckd.backbones.swinir;

    provides io.dckd.core.spi.BackboneFactory with
            io.dckd.backbones.rcan.RCANFactory,
            io.dckd.backbones.edsr.EDSRFactory,
            io.dckd.backbones.swinir.SwinIRFactory;
}
